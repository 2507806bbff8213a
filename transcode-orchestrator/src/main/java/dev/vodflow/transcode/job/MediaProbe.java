package dev.vodflow.transcode.job;

/** Finds out what a source in S3 contains, before any job is built for it. */
interface MediaProbe {

    /**
     * @throws SourceRefusedException when the object is missing, empty or not media
     * @throws TransientException when the answer could not be had right now
     */
    SourceMedia probe(String bucket, String key);
}
