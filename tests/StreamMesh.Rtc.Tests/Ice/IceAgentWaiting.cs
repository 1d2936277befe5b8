using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Tests.Net;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>Awaiting agent states through StateChanged (no polling).</summary>
internal static class IceAgentWaiting
{
    public static async Task WaitForStateAsync(this IceAgent agent, IceConnectionState state, TimeSpan? timeout = null)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, IceConnectionState s)
        {
            if (s == state)
            {
                reached.TrySetResult();
            }
        }

        agent.StateChanged += OnChanged;
        try
        {
            if (agent.State == state)
            {
                return;
            }

            try
            {
                await reached.Task.WaitAsync(timeout ?? TestTimeouts.Network);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Agent {agent.LocalUsernameFragment} did not reach {state}; it is {agent.State}. Pairs: {string.Join("; ", agent.CandidatePairs)}");
            }
        }
        finally
        {
            agent.StateChanged -= OnChanged;
        }
    }
}
