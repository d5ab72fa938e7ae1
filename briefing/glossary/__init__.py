"""The glossary: terms defined once, linked where articles mention them."""
