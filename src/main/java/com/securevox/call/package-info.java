/**
 * SecureVOX Call: a self-hosted signaling server for real-time audio and video calls. {@link
 * com.securevox.call.Main} loads the configuration, starts the {@link com.securevox.call.app.App}
 * and waits for signals; see docs/architecture.md for how the packages depend on each other.
 */
package com.securevox.call;
