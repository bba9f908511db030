print("cutline")
