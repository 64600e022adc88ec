"""AP write-back steps: vendors, bills by status, bill payments and the vendor credits for
payees' fees (``ap.push.*``); registered with the pull steps from ``ApConfig.ready()``."""
