"""The parts of bench/faults.py: its private servers, a browser over HTTP, the proposals it
starts from, one module per fault and the table it prints."""
