package com.securevox.call.transport;

import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * netty-socketio's Jackson support, but writing nulls: the contract has {@code metadata: null} and
 * {@code candidate: null}, which the library's default (non-null only) would drop.
 */
final class ContractJsonSupport extends JacksonJsonSupport {
    @Override
    protected void init(ObjectMapper objectMapper) {
        super.init(objectMapper);
        objectMapper.setSerializationInclusion(JsonInclude.Include.ALWAYS);
    }
}
