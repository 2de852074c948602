enum _PlaceholderBottomlinePersistence {}
