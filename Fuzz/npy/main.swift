// libFuzzer target: see FuzzTarget.npy.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.npy)
