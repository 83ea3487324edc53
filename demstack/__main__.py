"""python -m demstack serve: the whole stack for a person (see demstack.serve)."""

from .serve import main

if __name__ == "__main__":
    main()
