//! Equipment categories of special equipment (RULES TR-02).

crate::state_enum! {
    /// TR-02: the eight categories; gas cylinders are a kind of pressure vessel.
    pub enum EquipmentCategory {
        Boiler = "boiler",
        PressureVessel = "pressure_vessel",
        PressurePipeline = "pressure_pipeline",
        Elevator = "elevator",
        LiftingMachinery = "lifting_machinery",
        PassengerRopeway = "passenger_ropeway",
        LargeAmusementFacility = "large_amusement_facility",
        InPlantMotorVehicle = "in_plant_motor_vehicle",
    }
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
