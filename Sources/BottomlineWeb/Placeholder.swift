enum _PlaceholderBottomlineWeb {}
