print("f2lm: the command line is built by the spec and runner issues")
