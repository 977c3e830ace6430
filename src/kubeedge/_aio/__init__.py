"""A small, domain-free asyncio kit: work queues, supervision, timeouts."""
