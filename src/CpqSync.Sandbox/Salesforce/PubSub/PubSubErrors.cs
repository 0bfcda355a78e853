using Grpc.Core;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>
/// The Pub/Sub API's errors as Salesforce sends them: a gRPC status whose message ends with <c>rpcId: …</c>, and the
/// trailers <c>error-code</c> (Salesforce's own code, e.g. <c>sfdc.platform.eventbus.grpc.service.auth.error</c>) and
/// <c>rpc-id</c>.
/// </summary>
internal static class PubSubErrors
{
    public const string AuthErrorCode = "sfdc.platform.eventbus.grpc.service.auth.error";
    public const string ReplayIdCorruptedCode = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted";
    public const string ReplayIdValidationFailedCode = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.validation.failed";
    public const string RequestedEventsInvalidCode = "sfdc.platform.eventbus.grpc.subscription.fetch.requested.events.invalid";

    public static RpcException Unauthenticated(string rpcId) => Error(
        StatusCode.Unauthenticated, AuthErrorCode,
        "An authentication exception occurred. Ensure that the access token, instance URL and tenant ID are valid and that the session hasn't expired.",
        rpcId);

    /// <summary>An unknown topic, or one the org doesn't publish (an object not selected for Change Data Capture).</summary>
    public static RpcException TopicNotFound(string organizationId, string topic, string rpcId) => Error(
        StatusCode.NotFound, null,
        $"The topic information for org CORE/prod/{organizationId} and topic {topic} not found. Ensure the topic name is correct and that the topic exists.",
        rpcId);

    public static RpcException SchemaNotFound(string schemaId, string rpcId) => Error(
        StatusCode.NotFound, null, $"The schema for schema ID {schemaId} was not found. Ensure the schema ID is correct.", rpcId);

    /// <summary>A replay id this bus never issued, or one whose event is past the retention period.</summary>
    public static RpcException ReplayIdCorrupted(string rpcId) => Error(
        StatusCode.InvalidArgument, ReplayIdCorruptedCode,
        "The Replay ID validation failed. Ensure that the Replay ID is valid and within the retention window.",
        rpcId);

    public static RpcException ReplayIdMissing(string rpcId) => Error(
        StatusCode.InvalidArgument, ReplayIdValidationFailedCode,
        "The Replay ID validation failed. A CUSTOM replay preset requires a Replay ID.", rpcId);

    public static RpcException RequestedEventsInvalid(string rpcId) => Error(
        StatusCode.InvalidArgument, RequestedEventsInvalidCode,
        "The number of requested events is invalid. Request a number of events greater than 0.", rpcId);

    public static RpcException TopicMismatch(string rpcId) => Error(
        StatusCode.InvalidArgument, null, "A FetchRequest can't change the topic of its subscription.", rpcId);

    private static RpcException Error(StatusCode code, string? errorCode, string message, string rpcId)
    {
        var trailers = new Grpc.Core.Metadata();
        if (errorCode is not null)
        {
            trailers.Add("error-code", errorCode);
        }

        trailers.Add("rpc-id", rpcId);
        return new RpcException(new Status(code, $"{message} rpcId: {rpcId}"), trailers);
    }
}
