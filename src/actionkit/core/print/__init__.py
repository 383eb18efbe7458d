"""Print pieces as PDF: page setup, marks, QR codes, templates. No Qt here."""
