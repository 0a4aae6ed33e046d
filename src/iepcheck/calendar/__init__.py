"""School days: weekends, Connecticut's public holidays and the school's own closed days."""
