package com.securevox.call.signaling;

import com.securevox.call.call.Signal;

/** The closed set of signals this layer hands to the call domain for relaying. */
public sealed interface RelayedSignal extends Signal permits SdpSignal, IceSignal, DataSignal, ReturnedSignal {}
