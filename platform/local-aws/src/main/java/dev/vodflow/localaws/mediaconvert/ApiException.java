package dev.vodflow.localaws.mediaconvert;

/** An error answered the way MediaConvert answers it: an HTTP status and an error type the SDK maps. */
final class ApiException extends RuntimeException {

    private final int status;
    private final String errorType;

    private ApiException(int status, String errorType, String message) {
        super(message);
        this.status = status;
        this.errorType = errorType;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequestException", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFoundException", message);
    }

    static ApiException tooManyRequests(String message) {
        return new ApiException(429, "TooManyRequestsException", message);
    }

    static ApiException internal(String message) {
        return new ApiException(500, "InternalServerErrorException", message);
    }

    int status() {
        return status;
    }

    String errorType() {
        return errorType;
    }
}
