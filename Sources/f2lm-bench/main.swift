print("f2lm-bench: built by the engine issue")
