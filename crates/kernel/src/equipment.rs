//! Equipment categories of special equipment (RULES TR-02).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// TR-02: the eight categories; gas cylinders are a kind of pressure vessel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EquipmentCategory {
    Boiler,
    PressureVessel,
    PressurePipeline,
    Elevator,
    LiftingMachinery,
    PassengerRopeway,
    LargeAmusementFacility,
    InPlantMotorVehicle,
}

impl EquipmentCategory {
    /// The name users see in the zh-CN interface.
    pub fn name_zh(self) -> &'static str {
        match self {
            EquipmentCategory::Boiler => "锅炉",
            EquipmentCategory::PressureVessel => "压力容器(含气瓶)",
            EquipmentCategory::PressurePipeline => "压力管道",
            EquipmentCategory::Elevator => "电梯",
            EquipmentCategory::LiftingMachinery => "起重机械",
            EquipmentCategory::PassengerRopeway => "客运索道",
            EquipmentCategory::LargeAmusementFacility => "大型游乐设施",
            EquipmentCategory::InPlantMotorVehicle => "场(厂)内专用机动车辆",
        }
    }
}
