// libFuzzer target: see FuzzTarget.mat.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.mat)
