"""Bad input and attack: each test asserts the refusal and that nothing changed."""
