package com.securevox.call.config;

import java.util.Set;

/** Names of the settings, as environment variables and as keys of the config file. */
public final class ConfigKeys {
    public static final String CONFIG_FILE = "SECUREVOX_CALL_CONFIG";
    public static final String ENV = "SECUREVOX_CALL_ENV";
    /** Read only when {@link #ENV} is absent: the Node.js server this one replaces used it. */
    public static final String NODE_ENV = "NODE_ENV";

    public static final String HOST = "SECUREVOX_CALL_HOST";
    public static final String PORT = "SECUREVOX_CALL_PORT";
    public static final String JWT_SECRET = "SECUREVOX_CALL_JWT_SECRET";
    public static final String API_KEY = "SECUREVOX_CALL_API_KEY";
    public static final String DJANGO_BACKEND_URL = "DJANGO_BACKEND_URL";
    public static final String DJANGO_VERIFY_PATH = "SECUREVOX_CALL_DJANGO_VERIFY_PATH";
    public static final String RECONNECT_GRACE = "SECUREVOX_CALL_RECONNECT_GRACE";
    public static final String TOKEN_TTL = "SECUREVOX_CALL_TOKEN_TTL";
    public static final String MAX_PARTICIPANTS = "SECUREVOX_CALL_MAX_PARTICIPANTS";
    public static final String CORS_ORIGINS = "SECUREVOX_CALL_CORS_ORIGINS";
    public static final String DRAIN_TIMEOUT = "SECUREVOX_CALL_DRAIN_TIMEOUT";
    public static final String AUTH_TIMEOUT = "SECUREVOX_CALL_AUTH_TIMEOUT";
    public static final String PING_INTERVAL = "SECUREVOX_CALL_PING_INTERVAL";
    public static final String PING_TIMEOUT = "SECUREVOX_CALL_PING_TIMEOUT";
    public static final String HTTP_IDLE_TIMEOUT = "SECUREVOX_CALL_HTTP_IDLE_TIMEOUT";
    public static final String PUBLIC_ORIGIN = "SECUREVOX_CALL_PUBLIC_ORIGIN";
    public static final String STUN_URLS = "SECUREVOX_CALL_STUN_URLS";
    public static final String EVENT_RATE = "SECUREVOX_CALL_EVENT_RATE";
    public static final String EVENT_BURST = "SECUREVOX_CALL_EVENT_BURST";
    public static final String LOG_FORMAT = "SECUREVOX_CALL_LOG_FORMAT";
    public static final String IO_THREADS = "SECUREVOX_CALL_IO_THREADS";
    public static final String DEMO = "SECUREVOX_CALL_DEMO";
    public static final String TLS_CERT = "SECUREVOX_CALL_TLS_CERT";
    public static final String TLS_KEY = "SECUREVOX_CALL_TLS_KEY";
    public static final String TLS_PASSWORD = "SECUREVOX_CALL_TLS_PASSWORD";
    public static final String TLS_RELOAD_INTERVAL = "SECUREVOX_CALL_TLS_RELOAD_INTERVAL";
    public static final String BEHIND_PROXY = "SECUREVOX_CALL_BEHIND_PROXY";
    public static final String TRUSTED_PROXIES = "SECUREVOX_CALL_TRUSTED_PROXIES";
    public static final String TURN = "SECUREVOX_CALL_TURN";
    public static final String TURN_URLS = "SECUREVOX_CALL_TURN_URLS";
    public static final String TURN_SECRET = "SECUREVOX_CALL_TURN_SECRET";
    public static final String TURN_TTL = "SECUREVOX_CALL_TURN_TTL";
    public static final String TURN_PORT = "SECUREVOX_CALL_TURN_PORT";
    public static final String TURN_RELAY_IP = "SECUREVOX_CALL_TURN_RELAY_IP";
    public static final String TURN_EXTERNAL_IP = "SECUREVOX_CALL_TURN_EXTERNAL_IP";
    public static final String TURN_RELAY_PORTS = "SECUREVOX_CALL_TURN_RELAY_PORTS";
    public static final String SFU = "SECUREVOX_CALL_SFU";
    public static final String SFU_URL = "SECUREVOX_CALL_SFU_URL";
    public static final String SFU_SECRET = "SECUREVOX_CALL_SFU_SECRET";
    public static final String SFU_RTP_PORTS = "SECUREVOX_CALL_SFU_RTP_PORTS";
    public static final String SFU_API_PORT = "SECUREVOX_CALL_SFU_API_PORT";
    public static final String SFU_PUBLIC_IP = "SECUREVOX_CALL_SFU_PUBLIC_IP";
    public static final String SFU_BITRATE = "SECUREVOX_CALL_SFU_BITRATE";
    public static final String JANUS_BIN = "SECUREVOX_CALL_JANUS_BIN";
    public static final String MEDIA = "SECUREVOX_CALL_MEDIA";
    public static final String DATABASE_URL = "SECUREVOX_CALL_DATABASE_URL";
    public static final String DATA_DIR = "SECUREVOX_CALL_DATA_DIR";
    public static final String HISTORY_QUEUE = "SECUREVOX_CALL_HISTORY_QUEUE";
    public static final String METRICS_TOKEN = "SECUREVOX_CALL_METRICS_TOKEN";
    public static final String ADMIN_PASSWORD = "SECUREVOX_CALL_ADMIN_PASSWORD";
    public static final String WEBHOOK_URL = "SECUREVOX_CALL_WEBHOOK_URL";
    public static final String WEBHOOK_SECRET = "SECUREVOX_CALL_WEBHOOK_SECRET";
    public static final String WEBHOOK_RETRY_WINDOW = "SECUREVOX_CALL_WEBHOOK_RETRY_WINDOW";
    public static final String RECORDINGS_DIR = "SECUREVOX_CALL_RECORDINGS_DIR";
    public static final String RECORDING_RETENTION = "SECUREVOX_CALL_RECORDING_RETENTION";
    public static final String RECORD_ALL = "SECUREVOX_CALL_RECORD_ALL";
    public static final String RECORDING_COMPOSE = "SECUREVOX_CALL_RECORDING_COMPOSE";
    public static final String RECORDING_MIN_FREE = "SECUREVOX_CALL_RECORDING_MIN_FREE";
    public static final String QUALITY_RETENTION = "SECUREVOX_CALL_QUALITY_RETENTION";
    public static final String QUALITY_ALERT_MOS = "SECUREVOX_CALL_QUALITY_ALERT_MOS";
    public static final String QUALITY_ALERT_AFTER = "SECUREVOX_CALL_QUALITY_ALERT_AFTER";
    public static final String RING_TIMEOUT = "SECUREVOX_CALL_RING_TIMEOUT";
    public static final String RING_INVITE_RATE = "SECUREVOX_CALL_RING_INVITE_RATE";
    public static final String DJANGO_CAN_CALL_PATH = "SECUREVOX_CALL_DJANGO_CAN_CALL_PATH";
    public static final String FCM_CREDENTIALS = "SECUREVOX_CALL_FCM_CREDENTIALS";
    public static final String FCM_URL = "SECUREVOX_CALL_FCM_URL";
    public static final String FCM_CA = "SECUREVOX_CALL_FCM_CA";
    public static final String APNS_KEY = "SECUREVOX_CALL_APNS_KEY";
    public static final String APNS_KEY_ID = "SECUREVOX_CALL_APNS_KEY_ID";
    public static final String APNS_TEAM_ID = "SECUREVOX_CALL_APNS_TEAM_ID";
    public static final String APNS_TOPIC = "SECUREVOX_CALL_APNS_TOPIC";
    public static final String APNS_HOST = "SECUREVOX_CALL_APNS_HOST";
    public static final String APNS_CA = "SECUREVOX_CALL_APNS_CA";
    public static final String REDIS_URL = "SECUREVOX_CALL_REDIS_URL";
    public static final String REDIS_CA = "SECUREVOX_CALL_REDIS_CA";
    public static final String NODE_ID = "SECUREVOX_CALL_NODE_ID";
    public static final String NODE_URL = "SECUREVOX_CALL_NODE_URL";
    public static final String PEER_CA = "SECUREVOX_CALL_PEER_CA";

    /** Every key the loader understands; others with our prefix are reported as probable typos. */
    public static final Set<String> ALL = Set.of(
            CONFIG_FILE,
            ENV,
            NODE_ENV,
            HOST,
            PORT,
            JWT_SECRET,
            API_KEY,
            DJANGO_BACKEND_URL,
            DJANGO_VERIFY_PATH,
            RECONNECT_GRACE,
            TOKEN_TTL,
            MAX_PARTICIPANTS,
            CORS_ORIGINS,
            DRAIN_TIMEOUT,
            AUTH_TIMEOUT,
            PING_INTERVAL,
            PING_TIMEOUT,
            HTTP_IDLE_TIMEOUT,
            PUBLIC_ORIGIN,
            STUN_URLS,
            EVENT_RATE,
            EVENT_BURST,
            LOG_FORMAT,
            IO_THREADS,
            DEMO,
            TLS_CERT,
            TLS_KEY,
            TLS_PASSWORD,
            TLS_RELOAD_INTERVAL,
            BEHIND_PROXY,
            TRUSTED_PROXIES,
            TURN,
            TURN_URLS,
            TURN_SECRET,
            TURN_TTL,
            TURN_PORT,
            TURN_RELAY_IP,
            TURN_EXTERNAL_IP,
            TURN_RELAY_PORTS,
            SFU,
            SFU_URL,
            SFU_SECRET,
            SFU_RTP_PORTS,
            SFU_API_PORT,
            SFU_PUBLIC_IP,
            SFU_BITRATE,
            JANUS_BIN,
            MEDIA,
            DATABASE_URL,
            DATA_DIR,
            HISTORY_QUEUE,
            METRICS_TOKEN,
            ADMIN_PASSWORD,
            WEBHOOK_URL,
            WEBHOOK_SECRET,
            WEBHOOK_RETRY_WINDOW,
            RECORDINGS_DIR,
            RECORDING_RETENTION,
            RECORD_ALL,
            RECORDING_COMPOSE,
            RECORDING_MIN_FREE,
            QUALITY_RETENTION,
            QUALITY_ALERT_MOS,
            QUALITY_ALERT_AFTER,
            RING_TIMEOUT,
            RING_INVITE_RATE,
            DJANGO_CAN_CALL_PATH,
            FCM_CREDENTIALS,
            FCM_URL,
            FCM_CA,
            APNS_KEY,
            APNS_KEY_ID,
            APNS_TEAM_ID,
            APNS_TOPIC,
            APNS_HOST,
            APNS_CA,
            REDIS_URL,
            REDIS_CA,
            NODE_ID,
            NODE_URL,
            PEER_CA);

    /**
     * Read by {@code bin/securevox-call}, not by the server: they stay in the environment the launcher execs Java
     * with, so the server must not call them typos.
     */
    public static final Set<String> LAUNCHER =
            Set.of("SECUREVOX_CALL_JAR", "SECUREVOX_CALL_JVM_OPTIONS", "SECUREVOX_CALL_AOT_CACHE");

    static final String PREFIX = "SECUREVOX_CALL_";

    private ConfigKeys() {}
}
