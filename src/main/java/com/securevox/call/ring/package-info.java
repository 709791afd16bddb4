/** Ringing a person: invitations to a call on every device of the invitees. */
package com.securevox.call.ring;
