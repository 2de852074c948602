import BottomlineCLI
import BottomlinePersistence

ProcessMemory.limitArenas()
await BottomlineCommand.runAsRoot()
