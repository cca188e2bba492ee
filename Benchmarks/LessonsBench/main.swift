print("streamscope-lessons-bench: not written yet")
