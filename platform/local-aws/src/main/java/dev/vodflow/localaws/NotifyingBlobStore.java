package dev.vodflow.localaws;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Adds S3 event notifications to S3Proxy: once an object is written (PUT or browser POST, copy, or a
 * completed multipart upload), every configuration whose bucket and prefix match gets the event on its
 * SQS queue, after the object is durable, as S3 does. An event the queue does not take (SQS unreachable) is sent
 * again in the background with a growing back-off, as S3 retries its deliveries, rather than lost.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

    /** One S3 {@code QueueConfiguration}: objects created in {@code bucket} under {@code prefix} go to the queue. */
    record Notification(String id, String bucket, String prefix, String queueUrl) {}

    private final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private final S3EventMessages messages;
    private final SqsClient sqs;
    private final Redelivery redelivery = new Redelivery("SQS (S3 event notifications)");

    NotifyingBlobStore(BlobStore delegate, SqsClient sqs, String region) {
        super(delegate);
        this.sqs = sqs;
        this.messages = new S3EventMessages(region);
    }

    /** Stops offering events again; those still waiting are logged as lost. */
    void stopRedelivery() {
        redelivery.close();
    }

    void addNotification(Notification notification) {
        notifications.add(notification);
        send(notification, messages.testEvent(notification.bucket(), Instant.now()));
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        created("ObjectCreated:Put", request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created("ObjectCreated:CompleteMultipartUpload", upload.containerName(), upload.blobName());
        return response;
    }

    private void created(String eventName, String bucket, String key) {
        List<Notification> matching = notifications.stream()
                .filter(n -> n.bucket().equals(bucket) && key.startsWith(n.prefix()))
                .toList();
        if (matching.isEmpty()) {
            return;
        }
        HeadObjectResponse head = blobMetadata(bucket, key);
        Instant now = Instant.now();
        for (Notification notification : matching) {
            send(
                    notification,
                    messages.objectCreated(
                            eventName, bucket, key, head.contentLength(), head.eTag(), notification.id(), now));
        }
    }

    private void send(Notification notification, String body) {
        redelivery.deliver(
                "S3 event for notification " + notification.id(),
                () -> sqs.sendMessage(b -> b.queueUrl(notification.queueUrl()).messageBody(body)));
    }
}
