/**
 * Call recording: which calls are recorded, the jobs that turn the SFU's raw streams into playable files after a
 * recording ends, the catalog of recordings ({@link com.securevox.call.recording.RecordingCatalog}, kept by the store)
 * and their retention.
 */
package com.securevox.call.recording;
