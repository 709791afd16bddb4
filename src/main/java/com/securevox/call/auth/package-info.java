/**
 * Credentials: HS256 call tokens ({@link com.securevox.call.auth.CallTokens}) that admit a user to one call, the
 * API key a trusted backend presents ({@link com.securevox.call.auth.ApiKeyVerifier}), and parsing of the
 * {@code Authorization} header ({@link com.securevox.call.auth.AuthorizationHeader}).
 *
 * <p>Nothing here logs, and no exception message contains a token, a secret or an API key: failures say what is
 * wrong with a credential, never what it was.
 */
package com.securevox.call.auth;
