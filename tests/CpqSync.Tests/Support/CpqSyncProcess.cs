using System.Diagnostics;
using System.Text;

namespace CpqSync.Tests.Support;

/// <summary>
/// The built <c>cpqsync</c> run as a child process, as a user runs it: only the given <c>CPQSYNC_</c> variables, its own
/// working directory, output captured. It can be killed with SIGKILL, as a crash or <c>kill -9</c> would.
/// </summary>
internal sealed class CpqSyncProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private CpqSyncProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The host's build output: the test project references it, so it is built with the tests.</summary>
    public static string Assembly
    {
        get
        {
            // artifacts/bin/CpqSync.Tests/<configuration>/ → artifacts/bin/CpqSync/<configuration>/cpqsync.dll
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var host = Path.Combine(testOutput.Parent!.Parent!.FullName, "CpqSync", testOutput.Name, "cpqsync.dll");
            return File.Exists(host) ? host : Path.Combine(AppContext.BaseDirectory, "cpqsync.dll");
        }
    }

    public static CpqSyncProcess Start(IReadOnlyDictionary<string, string> variables, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("CPQSYNC_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new CpqSyncProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(child._output, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cpqsync did not finish within {timeout}.\nOutput:\n{Output}\nError:\n{Error}");
        }

        // The exit can be seen before the last redirected lines are read: this waits for them.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }

        Appended?.Invoke();
    }

    private event Action? Appended;

    /// <summary>Completes once the standard output holds <paramref name="text"/> (such as a banner's last line).</summary>
    /// <exception cref="TimeoutException">Not printed within <paramref name="timeout"/>, or the process exited first.</exception>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }

        Appended += Check;
        try
        {
            Check();
            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
            if (first != seen.Task)
            {
                throw new TimeoutException($"cpqsync did not print '{text}'.\nOutput:\n{Output}\nError:\n{Error}");
            }
        }
        finally
        {
            Appended -= Check;
        }
    }
}
