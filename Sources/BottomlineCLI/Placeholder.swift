enum _PlaceholderBottomlineCLI {}
