"""Optional LLM mode: LangChain chat-model adapters, the factory, and the verified LLM answer."""
