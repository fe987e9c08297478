"""India–Japan 2+2 Dialogue Tracker."""
