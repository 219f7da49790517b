// libFuzzer target: see FuzzTarget.image.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.image)
