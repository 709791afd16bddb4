/**
 * Credentials: HS256 call tokens ({@link com.securevox.call.auth.CallTokens}) that admit a user to one call, the
 * API key a trusted backend presents ({@link com.securevox.call.auth.ApiKeyVerifier}), asking Django who holds a
 * user token ({@link com.securevox.call.auth.DjangoUserVerifier}), and parsing of the {@code Authorization} header
 * ({@link com.securevox.call.auth.AuthorizationHeader}).
 *
 * <p>Nothing here logs, and no exception message contains a token, a secret or an API key: failures say what is
 * wrong with a credential, never what it was. Django's verdicts are values
 * ({@link com.securevox.call.auth.UserVerification}), not HTTP errors: the caller decides how to report them.
 */
package com.securevox.call.auth;
