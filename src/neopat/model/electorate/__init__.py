"""The vectorised electorate: voters in compact arrays, society dynamics and their compiled
kernels, the shared choice model with its two interchangeable vote engines (cells and voter by
voter), and falsification at the count. It imports neither tier."""
