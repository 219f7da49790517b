// libFuzzer target: see FuzzTarget.video.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.video)
