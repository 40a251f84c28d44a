export function createClock(initialOffsetMs = 0) {
    let offsetMs = initialOffsetMs;
    return {
        get offsetMs() {
            return offsetMs;
        },
        now: () => new Date(Date.now() + offsetMs),
        advance(ms) {
            if (!Number.isFinite(ms)) {
                throw new RangeError(`advance expects a finite number of milliseconds, got ${ms}`);
            }
            offsetMs += ms;
            return new Date(Date.now() + offsetMs);
        },
        reset() {
            offsetMs = 0;
        },
    };
}
//# sourceMappingURL=clock.js.map