"""The Intacct XML client. Pure Python (requests + lxml); never imports Django."""
