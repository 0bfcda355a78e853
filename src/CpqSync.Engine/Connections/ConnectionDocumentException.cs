namespace CpqSync.Engine.Connections;

/// <summary>
/// A configuration document that can't be read: <see cref="Exception.Message"/> says what is wrong and where, as a
/// JSON path (<c>$.preferences.filters[1].operator: …</c>). It quotes the document, which never holds a secret.
/// </summary>
public sealed class ConnectionDocumentException : Exception
{
    public ConnectionDocumentException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>Where in the document, for example <c>$.preferences.live_sync</c>.</summary>
    public string Path { get; }

    /// <summary>What is wrong there.</summary>
    public string Problem { get; }
}
