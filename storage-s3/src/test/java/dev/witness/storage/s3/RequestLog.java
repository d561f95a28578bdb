package dev.witness.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Records every HTTP request the SDK sends (method, path, query, headers), as the server receives it. */
final class RequestLog implements ExecutionInterceptor {
    record Request(String method, String path, Map<String, String> query, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final List<Request> requests = new ArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest r = context.httpRequest();
        Map<String, String> headers = new TreeMap<>();
        r.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        Map<String, String> query = new TreeMap<>();
        r.rawQueryParameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        synchronized (requests) {
            requests.add(new Request(r.method().name(), r.encodedPath(), query, headers));
        }
    }

    List<Request> all() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    List<Request> matching(Predicate<Request> p) {
        return all().stream().filter(p).toList();
    }

    void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }
}
