package dev.witness.storage.s3;

import dev.witness.storage.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 operations the store needs, with its Object Lock and encryption settings applied to
 * every object it writes, and errors turned into messages that say what to fix.
 *
 * <p>Every write carries: {@code Content-MD5} (end-to-end integrity, and what S3 requires of a
 * request that sets a retention), {@code x-amz-object-lock-mode} and
 * {@code x-amz-object-lock-retain-until-date} when Object Lock is configured, and
 * {@code x-amz-server-side-encryption} (plus the KMS key id) when SSE is configured. Large
 * files go up as a multipart upload whose create request carries the same lock and SSE
 * headers and whose parts each carry their MD5; a failed multipart upload is aborted.
 *
 * <p>Threading: the SDK client is thread-safe; this class holds no other mutable state.
 */
final class Bucket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bucket.class);

    private final S3Client s3;
    private final S3StoreOptions options;
    private final String credentialsSource;

    private Bucket(S3Client s3, S3StoreOptions options, String credentialsSource) {
        this.s3 = s3;
        this.options = options;
        this.credentialsSource = credentialsSource;
    }

    static Bucket connect(S3StoreOptions options, List<ExecutionInterceptor> interceptors) {
        AwsCredentialsProvider credentials;
        String source;
        if (options.accessKeyId() != null) {
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(options.accessKeyId(), options.secretAccessKey()));
            source = "the static keys " + S3StoreOptions.PREFIX + S3StoreOptions.ACCESS_KEY_ID + "/" + S3StoreOptions.SECRET_ACCESS_KEY;
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
            source = "the SDK's default credential chain";
        }
        Region region = region(options);
        S3ClientBuilder builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(options.pathStyle())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(c -> {
                    c.retryStrategy(RetryMode.STANDARD);
                    interceptors.forEach(c::addExecutionInterceptor);
                });
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        if (options.checksumsWhenRequired()) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return new Bucket(builder.build(), options, source);
    }

    private static Region region(S3StoreOptions options) {
        if (options.region() != null) {
            return Region.of(options.region());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            if (options.endpoint() != null) {
                return Region.US_EAST_1;
            }
            throw new IllegalArgumentException(S3StoreOptions.PREFIX + S3StoreOptions.REGION + " is not set and the SDK's default region "
                    + "chain found none (AWS_REGION, ~/.aws/config); set it to the bucket's region, e.g. eu-west-1", e);
        }
    }

    String name() {
        return options.bucket();
    }

    private String where() {
        URI endpoint = options.endpoint();
        return options.location() + (endpoint == null ? "" : " at " + endpoint);
    }

    /**
     * Checks, before anything is written, that the bucket exists and these credentials reach it,
     * and that Object Lock is enabled on it when it is configured.
     *
     * @throws StoreException saying what is wrong and which setting to fix
     */
    void check() {
        try {
            s3.headBucket(b -> b.bucket(options.bucket()));
        } catch (NoSuchBucketException e) {
            throw noSuchBucket(e);
        } catch (S3Exception e) {
            switch (e.statusCode()) {
                case 404:
                    throw noSuchBucket(e);
                case 400:
                case 401:
                case 403:
                    throw new StoreException(where() + ": S3 refused access to bucket '" + options.bucket() + "' (HTTP " + e.statusCode()
                            + code(e) + "): the credentials from " + credentialsSource + " are wrong, expired, or lack permission "
                            + "(s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject on the bucket and prefix)", e);
                case 301:
                    throw new StoreException(where() + ": bucket '" + options.bucket() + "' is in another region than "
                            + s3.serviceClientConfiguration().region() + " (HTTP 301); set " + S3StoreOptions.PREFIX + S3StoreOptions.REGION, e);
                default:
                    throw new StoreException(where() + ": checking bucket '" + options.bucket() + "' failed: HTTP " + e.statusCode() + code(e)
                            + " " + e.getMessage(), e);
            }
        } catch (SdkClientException e) {
            throw clientError("cannot check bucket '" + options.bucket() + "'", e);
        }
        if (options.lockMode() != null && options.lockCheckBucket()) {
            checkObjectLock();
        } else if (options.lockMode() != null) {
            LOG.warn("{}: {}=false: not checking that the bucket has Object Lock enabled; objects are written with {} lock headers "
                    + "that a bucket without Object Lock rejects or ignores", where(), S3StoreOptions.PREFIX + S3StoreOptions.OBJECT_LOCK_CHECK_BUCKET,
                    options.lockMode());
        }
    }

    private void checkObjectLock() {
        try {
            GetObjectLockConfigurationResponse r = s3.getObjectLockConfiguration(b -> b.bucket(options.bucket()));
            if (r.objectLockConfiguration() == null || r.objectLockConfiguration().objectLockEnabled() != ObjectLockEnabled.ENABLED) {
                throw noObjectLock(null);
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 501) {
                LOG.warn("{}: the server does not implement GetObjectLockConfiguration (HTTP 501); objects are written with "
                        + "Object Lock {} headers but this server may not enforce them", where(), options.lockMode());
                return;
            }
            if (e.statusCode() == 404) {
                throw noObjectLock(e);
            }
            throw new StoreException(where() + ": cannot read the bucket's Object Lock configuration (HTTP " + e.statusCode() + code(e)
                    + "), which " + S3StoreOptions.PREFIX + S3StoreOptions.OBJECT_LOCK + " needs (permission s3:GetBucketObjectLockConfiguration)", e);
        } catch (SdkClientException e) {
            throw clientError("cannot read the bucket's Object Lock configuration", e);
        }
    }

    private StoreException noObjectLock(Exception cause) {
        return new StoreException(where() + ": " + S3StoreOptions.PREFIX + S3StoreOptions.OBJECT_LOCK + "=" + options.lockMode()
                + " but bucket '" + options.bucket() + "' does not have Object Lock enabled, so objects could be deleted early; "
                + "use a bucket created with Object Lock, or set the option to off", cause);
    }

    private StoreException noSuchBucket(Exception e) {
        return new StoreException(where() + ": bucket '" + options.bucket() + "' does not exist; create it"
                + (options.lockMode() != null ? " with Object Lock enabled" : "") + " or correct witness.store", e);
    }

    StoreException clientError(String what, SdkClientException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials") || message.contains("credentials")) {
            return new StoreException(where() + ": " + what + ": no AWS credentials: " + credentialsSource + " found none "
                    + "(environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, system properties, ~/.aws/credentials, web identity, "
                    + "container or instance role)", e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String endpoint = options.endpoint() != null ? options.endpoint().toString() : "the S3 endpoint of " + s3.serviceClientConfiguration().region();
        return new StoreException(where() + ": " + what + ": cannot reach " + endpoint + " (" + root + "); check "
                + S3StoreOptions.PREFIX + S3StoreOptions.ENDPOINT + ", the network and proxies", e);
    }

    private static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isEmpty() ? "" : " " + code;
    }

    // ------------------------------------------------------------------ writes

    /** Writes a small object whole. */
    void put(String key, byte[] bytes, Instant retainUntil) {
        s3.putObject(put(key, retainUntil).contentLength((long) bytes.length).contentMD5(md5(bytes, 0, bytes.length))
                .contentType("application/json").build(), RequestBody.fromBytes(bytes));
    }

    /** Uploads the first {@code length} bytes of a file: one PUT, or a multipart upload above the threshold. */
    void upload(String key, Path file, long length, Instant retainUntil) throws IOException {
        if (length <= options.multipartThreshold()) {
            byte[] bytes = new byte[(int) length];
            try (InputStream in = Files.newInputStream(file)) {
                readFully(in, bytes, (int) length);
            }
            s3.putObject(put(key, retainUntil).contentLength(length).contentMD5(md5(bytes, 0, bytes.length))
                    .contentType("application/octet-stream").build(), RequestBody.fromBytes(bytes));
            return;
        }
        multipart(key, file, length, retainUntil);
    }

    private void multipart(String key, Path file, long length, Instant retainUntil) throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(options.bucket()).key(key)
                .contentType("application/octet-stream");
        if (retainUntil != null) {
            create.objectLockMode(ObjectLockMode.fromValue(options.lockMode().name())).objectLockRetainUntilDate(retainUntil);
        }
        applyEncryption(create::serverSideEncryption, create::ssekmsKeyId);
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            long partSize = options.multipartPartSize();
            byte[] buffer = new byte[(int) Math.min(partSize, length)];
            long done = 0;
            for (int number = 1; done < length; number++) {
                int n = (int) Math.min(partSize, length - done);
                readFully(in, buffer, n);
                int partNumber = number;
                String etag = s3.uploadPart(b -> b.bucket(options.bucket()).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) n).contentMD5(md5(buffer, 0, n)), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, n))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                done += n;
            }
            s3.completeMultipartUpload(b -> b.bucket(options.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(options.bucket()).key(key).uploadId(uploadId));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private PutObjectRequest.Builder put(String key, Instant retainUntil) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(options.bucket()).key(key);
        if (retainUntil != null) {
            b.objectLockMode(ObjectLockMode.fromValue(options.lockMode().name())).objectLockRetainUntilDate(retainUntil);
        }
        applyEncryption(b::serverSideEncryption, b::ssekmsKeyId);
        return b;
    }

    private void applyEncryption(Consumer<ServerSideEncryption> sse, Consumer<String> kmsKey) {
        switch (options.encryption()) {
            case S3:
                sse.accept(ServerSideEncryption.AES256);
                break;
            case KMS:
                sse.accept(ServerSideEncryption.AWS_KMS);
                if (options.kmsKeyId() != null) {
                    kmsKey.accept(options.kmsKeyId());
                }
                break;
            default:
                break;
        }
    }

    void delete(String key) {
        s3.deleteObject(b -> b.bucket(options.bucket()).key(key));
    }

    // ------------------------------------------------------------------ reads

    boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(options.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    ResponseInputStream<GetObjectResponse> get(String key) {
        return s3.getObject(b -> b.bucket(options.bucket()).key(key));
    }

    /** Bytes {@code [start, end)} of an object. */
    ResponseInputStream<GetObjectResponse> get(String key, long start, long end) {
        return s3.getObject(b -> b.bucket(options.bucket()).key(key).range("bytes=" + start + "-" + (end - 1)));
    }

    /** Every key under {@code prefix}, in key order. */
    List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(options.bucket()).prefix(prefix).build()).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    /** A short description of an SDK failure for logs. */
    static String describe(Throwable e) {
        if (e instanceof S3Exception s) {
            return "HTTP " + s.statusCode() + code(s) + ": " + s.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e instanceof SdkException && root != e ? e.getClass().getSimpleName() + " (" + root + ")" : String.valueOf(e);
    }

    private static void readFully(InputStream in, byte[] into, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(into, done, n - done);
            if (r < 0) {
                throw new java.io.EOFException("file ended after " + done + " of " + n + " bytes");
            }
            done += r;
        }
    }

    static String md5(byte[] bytes, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(bytes, offset, length);
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
