print("bench: built with the journal layer")
