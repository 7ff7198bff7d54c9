print("widgets demo: built with the terminal layer")
