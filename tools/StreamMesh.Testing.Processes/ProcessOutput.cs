using System.Text;
using System.Text.RegularExpressions;

namespace StreamMesh.Testing.Processes;

/// <summary>
/// The stdout and stderr lines of a child process, interleaved as they arrive, bounded to about
/// <c>limit</c> characters, with waiters for a line that matches.
/// </summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder _text = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Lock _gate = new();
    private readonly int _limit;
    private readonly OutputOverflow _overflow;

    public ProcessOutput(int limit, OutputOverflow overflow)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _limit = limit;
        _overflow = overflow;
    }

    /// <summary>The lines kept so far, each ended by a newline.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Keeps <paramref name="line"/> (within the bound) and completes the waiters it matches; null (end of a stream) is ignored.</summary>
    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>>? found = null;
        lock (_gate)
        {
            Keep(line);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    (found ??= []).Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Completed outside the lock: the waiters' continuations run asynchronously anyway.
        found?.ForEach(f => f.TrySetResult(line));
    }

    /// <summary>
    /// The first line, among those kept or those still to come, for which <paramref name="match"/> holds.
    /// Waits for as long as <paramref name="cancellationToken"/> allows.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        (Func<string, bool>, TaskCompletionSource<string>) waiter = (match, found);
        lock (_gate)
        {
            if (FindKept(match) is { } kept)
            {
                return kept;
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await found.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The first kept line for which <paramref name="match"/> holds, or null.</summary>
    public string? FindLine(Func<string, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            return FindKept(match);
        }
    }

    /// <summary>The first line, kept or still to come, that <paramref name="pattern"/> matches.</summary>
    public Task<string> WaitForLineAsync(Regex pattern, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return WaitForLineAsync(pattern.IsMatch, cancellationToken);
    }

    private string? FindKept(Func<string, bool> match)
    {
        // Every kept line ends with a newline: the piece after the last one is empty, not a line.
        var kept = _text.ToString().Split('\n');
        for (int i = 0; i < kept.Length - 1; i++)
        {
            var line = kept[i].TrimEnd('\r');
            if (match(line))
            {
                return line;
            }
        }

        return null;
    }

    private void Keep(string line)
    {
        if (_overflow == OutputOverflow.KeepLatest)
        {
            if (_text.Length > _limit)
            {
                _text.Remove(0, _limit / 2);
            }

            _text.AppendLine(line);
        }
        else if (_text.Length < _limit)
        {
            _text.AppendLine(line);
        }
    }
}
