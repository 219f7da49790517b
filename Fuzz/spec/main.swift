// libFuzzer target: see FuzzTarget.spec.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.spec)
