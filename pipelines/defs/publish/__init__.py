"""Publishing the warehouse for analysts."""
