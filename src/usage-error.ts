/** A mistake in how the tool was called: exit 2 with this message. */
export class UsageError extends Error {}
