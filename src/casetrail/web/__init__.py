"""The web shell: layout, sign-in and sign-out, error pages, the admin site."""
