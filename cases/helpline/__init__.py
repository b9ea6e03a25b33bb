"""The helpline desk: a log of calls, anonymous by default, each of which may open or join a
case. It sits in the cases layer because a call opens cases and attaches to them; referrals stay
above it."""
