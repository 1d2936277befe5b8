using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Rtc.Tests.Feedback;

public class KeyframeRequestLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    private KeyframeRequestLimiter Create(TimeSpan? retry = null, bool noRetry = false) => new(
        new KeyframeRequestLimiterOptions
        {
            MinInterval = TimeSpan.FromMilliseconds(500),
            RetryUnansweredAfter = noRetry ? null : retry ?? TimeSpan.FromSeconds(1),
        },
        _time);

    [Fact]
    public void TryRequest_ManyChildrenAtOnce_SendsOne()
    {
        KeyframeRequestLimiter limiter = Create();

        Assert.True(limiter.TryRequest());
        for (int i = 0; i < 10; i++)
        {
            Assert.False(limiter.TryRequest());
        }

        Assert.Equal(1, limiter.SentCount);
        Assert.Equal(10, limiter.SuppressedCount);
    }

    [Fact]
    public void TryRequest_AfterInterval_SendsAgain()
    {
        KeyframeRequestLimiter limiter = Create();
        limiter.TryRequest();

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(limiter.TryRequest());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryRequest());
    }

    [Fact]
    public void TryRequestPending_SuppressedAndNoKeyframe_FiresWhenIntervalAllows()
    {
        KeyframeRequestLimiter limiter = Create(noRetry: true);
        limiter.TryRequest();
        limiter.OnKeyframeReceived();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(limiter.TryRequest()); // a child joined right after the keyframe went by

        Assert.True(limiter.HasPendingRequest);
        Assert.Equal(TimeSpan.FromMilliseconds(400), limiter.GetPendingDelay());
        Assert.False(limiter.TryRequestPending());
        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.True(limiter.TryRequestPending());
        Assert.False(limiter.HasPendingRequest);
    }

    [Fact]
    public void OnKeyframeReceived_AnswersSuppressedRequests()
    {
        KeyframeRequestLimiter limiter = Create(noRetry: true);
        limiter.TryRequest();
        limiter.TryRequest();

        limiter.OnKeyframeReceived();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(limiter.TryRequestPending());
        Assert.Null(limiter.GetPendingDelay());
    }

    [Fact]
    public void TryRequestPending_UnansweredRequest_IsRepeatedAfterRetryDelay()
    {
        KeyframeRequestLimiter limiter = Create(retry: TimeSpan.FromSeconds(1));
        limiter.TryRequest();

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(limiter.TryRequestPending());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryRequestPending());
        Assert.Equal(2, limiter.SentCount);
    }

    [Fact]
    public void TryRequestPending_RetryDisabled_DoesNotRepeatUnansweredRequest()
    {
        KeyframeRequestLimiter limiter = Create(noRetry: true);
        limiter.TryRequest();

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(limiter.TryRequestPending());
    }

    [Fact]
    public void TryRequestPending_NothingEverRequested_ReturnsFalse()
    {
        Assert.False(Create().TryRequestPending());
    }

    [Fact]
    public void Options_Invalid_ThrowOnValidate()
    {
        Assert.Throws<ArgumentException>(new KeyframeRequestLimiterOptions { MinInterval = TimeSpan.Zero }.Validate);
        Assert.Throws<ArgumentException>(new KeyframeRequestLimiterOptions { RetryUnansweredAfter = TimeSpan.FromMilliseconds(100) }.Validate);
    }
}
