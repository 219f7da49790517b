// libFuzzer target: see FuzzTarget.safetensors.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.safetensors)
