/**
 * The admin dashboard's signed-in sessions as rows any node can read: the port the API's session rules use ({@link
 * com.securevox.call.admin.AdminSessionStore}) and what a row holds ({@link com.securevox.call.admin.StoredSession}).
 * A row keeps only a digest of the session's token, so a copy of the table signs nobody in. The history database
 * implements the port (every node of a cluster shares it, and it outlives a restart); {@link
 * com.securevox.call.admin.MemorySessionStore} keeps them in one process for a server without one. It knows the JDK
 * only.
 */
package com.securevox.call.admin;
