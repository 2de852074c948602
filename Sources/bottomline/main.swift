import BottomlineCLI

await BottomlineCommand.runAsRoot()
