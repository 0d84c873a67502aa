"""Cases: their current state, the operations that change them, and the pages that show them."""
